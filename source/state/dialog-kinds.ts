// The dialog kinds, gathered from the flows' own -types modules: each adds its kinds to
// `DialogKinds` (kind → dialog) and, when services report to them, to `DialogReportKinds`
// (kind → report) with a `declare module` block at its end. The Dialog union and the report types
// are read from these two interfaces, so no list of kinds is kept here, and state needs no table
// of flows to know them (the table lives in ui/dialogs/dialog-table.ts, which adds the views).
// The compiler refuses an entry whose dialog is of another kind than its key, and a report kind
// that is no dialog kind.

/** Kind → dialog; filled in by each flow's -types module (declaration merging), hence empty here. */
export interface DialogKinds {}

/** Kind → what services report to that kind; only the kinds some service reports to. */
export interface DialogReportKinds {}

/** The kinds by their dialog, refused by the compiler when a dialog is of another kind than its key. */
type KindsMatchKeys<T extends {readonly [K in keyof T]: {readonly kind: K}}> = T;
type CheckedKinds = KindsMatchKeys<DialogKinds>;

export type DialogKind = keyof CheckedKinds;
export type Dialog = CheckedKinds[DialogKind];
export type DialogOf<K extends DialogKind> = CheckedKinds[K];

/** The report kinds, refused by the compiler when one of them is no dialog kind. */
type OnlyDialogKinds<T extends DialogKind> = T;

/** The dialog kinds some service reports to. */
export type ReportedKind = OnlyDialogKinds<keyof DialogReportKinds>;

/** What services report to each dialog kind (`never`: none): typed events that go through that flow's reporter, never patches of the dialog. */
export type DialogReports = {readonly [K in DialogKind]: K extends ReportedKind ? DialogReportKinds[K] : never};

/** A report for the open dialog of kind `kind`; dropped when that dialog was closed or replaced meanwhile. */
export type DialogReport = {[K in ReportedKind]: {readonly type: 'dialog-report'; readonly kind: K; readonly report: DialogReports[K]}}[ReportedKind];
