// The one way text reaches Ink: every string drawn is shown through visibleText, so a name, label,
// history line, registry answer or engine error is drawn and never acts on the terminal. Ink's own
// Text is imported here only (test/unit/screen-text-boundary.test.ts holds the UI to that).
import {Children, type ComponentProps, type ReactNode} from 'react';
import {Text as InkText} from 'ink';
import {visibleText} from '../../domain/visible-text';

const visible = (child: ReactNode): ReactNode => (typeof child === 'string' ? visibleText(child) : child);

export function Text({children, ...props}: ComponentProps<typeof InkText>) {
	return <InkText {...props}>{typeof children === 'string' ? visibleText(children) : Children.map(children, visible)}</InkText>;
}
