// The store action a service sends with its report: the kind and the report's type go together.
import type {DialogReport, DialogReports, ReportedKind} from './types';

export const dialogReport = <K extends ReportedKind>(kind: K, report: DialogReports[K]): DialogReport =>
	// Correct by the signature; TypeScript cannot see that the pair built from one K is a member of the union.
	({type: 'dialog-report', kind, report}) as DialogReport;
