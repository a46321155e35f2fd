import { makeStyles, tokens } from '@fluentui/react-components';

// A definition list laid out as two columns, term and value, where values such as file names and SHA-256
// hashes wrap anywhere rather than widen the panel.
export const useFactStyles = makeStyles({
  dl: {
    display: 'grid',
    gridTemplateColumns: 'max-content 1fr',
    columnGap: tokens.spacingHorizontalXL,
    rowGap: tokens.spacingVerticalXS,
    margin: 0,
  },
  dt: { color: tokens.colorNeutralForeground3 },
  dd: { margin: 0, overflowWrap: 'anywhere' },
});
