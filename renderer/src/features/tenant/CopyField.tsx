import { Button, Input, makeStyles, tokens } from '@fluentui/react-components';
import { Copy16Regular, Open16Regular } from '@fluentui/react-icons';
import { bridge } from '../../api/bridge';
import { useCopy } from '../../components/useCopy';

const useStyles = makeStyles({
  row: { display: 'flex', gap: tokens.spacingHorizontalS, alignItems: 'center', minWidth: 0 },
  input: { flex: 1, minWidth: 0, fontFamily: tokens.fontFamilyMonospace },
});

// A read-only value the consultant passes on (a link, a code), with Copy and, for links, Open.
export function CopyField(props: { value: string; label: string; what: string; openable?: boolean; id?: string }) {
  const s = useStyles();
  const copy = useCopy();
  return (
    <div className={s.row}>
      <Input
        id={props.id}
        className={s.input}
        value={props.value}
        readOnly
        aria-label={props.label}
        onFocus={(e) => e.currentTarget.select()}
      />
      <Button icon={<Copy16Regular />} onClick={() => void copy(props.value, `the ${props.what}`)} aria-label={`Copy the ${props.what}`}>
        Copy
      </Button>
      {props.openable && (
        <Button icon={<Open16Regular />} onClick={() => void bridge().openExternal(props.value)} aria-label={`Open the ${props.what}`}>
          Open
        </Button>
      )}
    </div>
  );
}
