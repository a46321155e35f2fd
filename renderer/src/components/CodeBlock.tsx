import type { ReactNode } from 'react';
import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';

const useStyles = makeStyles({
  block: {
    margin: 0,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'anywhere',
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase300,
    backgroundColor: tokens.colorNeutralBackground3,
    border: `1px solid ${tokens.colorNeutralStroke3}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    overflowY: 'auto',
  },
  highlight: { backgroundColor: tokens.colorBrandBackground2, border: `1px solid ${tokens.colorBrandStroke2}` },
});

// Text shown exactly as it came (DNS records, response bodies, a file's text, a fix to paste): monospace, wrapped
// anywhere so a long token cannot widen the page, and scrollable — focusable then, so the keyboard can scroll it.
export function CodeBlock(props: { children: ReactNode; maxHeight?: number; label?: string; highlight?: boolean; className?: string }) {
  const s = useStyles();
  return (
    <pre
      className={mergeClasses(s.block, props.highlight && s.highlight, props.className)}
      style={props.maxHeight ? { maxHeight: `${props.maxHeight}px` } : undefined}
      tabIndex={props.maxHeight ? 0 : undefined}
      aria-label={props.label}
    >
      {props.children}
    </pre>
  );
}
