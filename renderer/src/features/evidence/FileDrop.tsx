import { useCallback, useRef, useState, type DragEvent } from 'react';
import { Button, ProgressBar, Field, makeStyles, mergeClasses, tokens, Body1, Caption1, Text } from '@fluentui/react-components';
import { ArrowUpload24Regular, CloudArrowUp32Regular, CheckmarkCircle16Filled } from '@fluentui/react-icons';
import { bridge } from '../../api/bridge';
import { useApiQuery } from '../../api/client';
import { formatBytes } from '../../../../shared/domain/bytes';

interface UploadedFile {
  uploadId: string;
  fileName: string;
  size: number;
}

export type UploadState =
  | { status: 'idle' }
  | { status: 'uploading'; fileName: string; size: number; sent: number }
  | { status: 'done'; file: UploadedFile }
  | { status: 'error'; fileName?: string; message: string };

// Streams a picked or dropped file to the backend's transfer store (by ID, never by path) and reports progress.
// Sizes over the evidence limit are refused before a byte is sent.
export function useEvidenceUpload() {
  const settings = useApiQuery('settings.get', {});
  const [state, setState] = useState<UploadState>({ status: 'idle' });
  const run = useRef(0);
  const maxBytes = (settings.data?.evidence.maxFileMegabytes ?? 200) * 1024 * 1024;

  const start = useCallback(
    async (file: File) => {
      const id = ++run.current;
      if (file.size === 0) return setState({ status: 'error', fileName: file.name, message: `“${file.name}” is empty (0 bytes).` });
      if (file.size > maxBytes)
        return setState({
          status: 'error',
          fileName: file.name,
          message: `“${file.name}” is ${formatBytes(file.size)}, over the ${formatBytes(maxBytes)} limit for evidence files (Settings › Evidence).`,
        });
      setState({ status: 'uploading', fileName: file.name, size: file.size, sent: 0 });
      const r = await bridge().uploadFile(file, (sent, total) => {
        if (run.current === id) setState({ status: 'uploading', fileName: file.name, size: total || file.size, sent });
      });
      if (run.current !== id) return;
      setState(r.ok ? { status: 'done', file: r.value } : { status: 'error', fileName: file.name, message: r.error.message });
    },
    [maxBytes],
  );
  const reset = useCallback(() => {
    run.current++;
    setState({ status: 'idle' });
  }, []);
  return { state, start, reset, maxBytes };
}

const useStyles = makeStyles({
  zone: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    padding: `${tokens.spacingVerticalXL} ${tokens.spacingHorizontalL}`,
    border: `1px dashed ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground2,
    textAlign: 'center',
    transitionProperty: 'background-color, border-color',
    transitionDuration: tokens.durationFaster,
  },
  compact: { flexDirection: 'row', padding: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalL}`, justifyContent: 'center' },
  over: { backgroundColor: tokens.colorBrandBackground2, border: `1px dashed ${tokens.colorBrandStroke1}` },
  icon: { color: tokens.colorBrandForeground1, display: 'flex' },
  muted: { color: tokens.colorNeutralForeground3 },
  hidden: { display: 'none' },
  progress: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  doneRow: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalS,
    color: tokens.colorPaletteGreenForeground1,
    overflowWrap: 'anywhere',
    minWidth: 0,
  },
});

// A drop area with a "Choose file" button (the native picker: Electron's dialog in the app, a file input in
// a browser). Keyboard users use the button; the area is for the mouse.
export function FileDrop(props: { onFile: (f: File) => void; disabled?: boolean; maxBytes: number; compact?: boolean; label?: string }) {
  const s = useStyles();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    if (props.disabled) return;
    const f = e.dataTransfer.files[0];
    if (f) props.onFile(f);
  };
  return (
    <div
      className={mergeClasses(s.zone, props.compact && s.compact, over && s.over)}
      onDragOver={(e) => {
        e.preventDefault();
        if (!props.disabled) setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      role="group"
      aria-label={props.label ?? 'Add a file'}
      data-testid="evidence-drop-zone"
    >
      {!props.compact && (
        <span className={s.icon} aria-hidden>
          <CloudArrowUp32Regular />
        </span>
      )}
      <Body1>{props.compact ? 'Drop a file here or' : 'Drag a file here'}</Body1>
      {!props.compact && <Caption1 className={s.muted}>or</Caption1>}
      <Button icon={<ArrowUpload24Regular />} onClick={() => input.current?.click()} disabled={props.disabled}>
        Choose file…
      </Button>
      {!props.compact && (
        <Caption1 className={s.muted}>PDF, Word, Excel, images, text, CSV, email or JSON · up to {formatBytes(props.maxBytes)}</Caption1>
      )}
      <input
        ref={input}
        className={s.hidden}
        type="file"
        aria-label="Evidence file"
        data-testid="evidence-file-input"
        onChange={(e) => {
          const f = e.target.files?.[0];
          e.target.value = '';
          if (f) props.onFile(f);
        }}
      />
    </div>
  );
}

export function UploadStatus({ state }: { state: UploadState }) {
  const s = useStyles();
  if (state.status === 'uploading') {
    const pct = state.size ? state.sent / state.size : 0;
    return (
      <Field
        className={s.progress}
        label={`Uploading ${state.fileName}`}
        hint={`${formatBytes(state.sent)} of ${formatBytes(state.size)}`}
        validationState="none"
      >
        <ProgressBar value={pct} max={1} thickness="large" aria-label={`Upload progress ${Math.round(pct * 100)}%`} />
      </Field>
    );
  }
  if (state.status === 'done')
    return (
      <div className={s.doneRow} role="status">
        <CheckmarkCircle16Filled />
        <Text>
          {state.file.fileName} · {formatBytes(state.file.size)} uploaded
        </Text>
      </div>
    );
  return null;
}
