import { CodeBlock } from '../../components/CodeBlock';
import { useEffect, useRef, useState } from 'react';
import { Caption1, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { DocumentSearch24Regular } from '@fluentui/react-icons';
import { useApiQuery } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { base64Bytes, renderFirstPage } from './pdf-first-page';

const useStyles = makeStyles({
  frame: {
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    padding: tokens.spacingHorizontalM,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalS,
    minHeight: '120px',
    justifyContent: 'center',
  },
  image: { maxWidth: '100%', maxHeight: '480px', objectFit: 'contain', boxShadow: tokens.shadow4, backgroundColor: '#fff' },
  canvas: { boxShadow: tokens.shadow8, backgroundColor: '#fff', maxWidth: '100%' },
  fill: { width: '100%', boxSizing: 'border-box' },
  muted: { color: tokens.colorNeutralForeground3, textAlign: 'center' },
  icon: { fontSize: '28px', color: tokens.colorNeutralForeground3, display: 'flex' },
});

function PdfFirstPage({ base64, width, label }: { base64: string; width: number; label: string }) {
  const s = useStyles();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<{ status: 'loading' } | { status: 'done'; pages: number } | { status: 'error'; message: string }>({
    status: 'loading',
  });
  useEffect(() => {
    let cancelled = false;
    setState({ status: 'loading' });
    renderFirstPage(base64Bytes(base64), canvas.current!, width)
      .then((r) => !cancelled && setState({ status: 'done', pages: r.pages }))
      .catch((e: unknown) => !cancelled && setState({ status: 'error', message: (e as Error)?.message ?? 'unreadable' }));
    return () => {
      cancelled = true;
    };
  }, [base64, width]);
  return (
    <>
      {state.status === 'loading' && <Spinner size="small" label="Rendering the first page" />}
      <canvas ref={canvas} className={s.canvas} role="img" aria-label={`First page of ${label}`} hidden={state.status !== 'done'} />
      {state.status === 'done' && (
        <Caption1 className={s.muted}>
          Page 1 of {state.pages}
          {state.pages > 1 ? ' — download the file to read the rest' : ''}
        </Caption1>
      )}
      {state.status === 'error' && (
        <Caption1 className={s.muted}>This PDF could not be rendered ({state.message}). Download it to open it in a PDF reader.</Caption1>
      )}
    </>
  );
}

// Images, the first page of PDFs, and text as text. The backend only sends whole files that still match
// their recorded SHA-256.
export function EvidencePreview({
  evidenceId,
  versionId,
  label,
  width = 460,
}: {
  evidenceId: string;
  versionId?: string;
  label: string;
  width?: number;
}) {
  const s = useStyles();
  const q = useApiQuery('evidence.preview', { id: evidenceId, versionId }, { staleTime: 5 * 60_000 });
  return (
    <div className={s.frame} data-testid="evidence-preview">
      {q.isPending && <Spinner size="small" label="Loading preview" />}
      {q.isError && <ErrorMessage error={q.error} title="No preview" />}
      {q.data?.kind === 'image' && (
        <img className={s.image} src={`data:${q.data.mimeType};base64,${q.data.base64}`} alt={`Preview of ${label}`} />
      )}
      {q.data?.kind === 'pdf' && <PdfFirstPage base64={q.data.base64} width={width} label={label} />}
      {q.data?.kind === 'text' && (
        <>
          <CodeBlock maxHeight={420} label={`Text of ${label}`} className={s.fill}>
            {q.data.text}
          </CodeBlock>
          {q.data.truncated && <Caption1 className={s.muted}>Showing the beginning only. Download the file to see all of it.</Caption1>}
        </>
      )}
      {q.data?.kind === 'none' && (
        <>
          <span className={s.icon} aria-hidden>
            <DocumentSearch24Regular />
          </span>
          <Caption1 className={s.muted}>{q.data.reason}</Caption1>
        </>
      )}
    </div>
  );
}
