import { useEffect, useRef, useState } from 'react';
import { Caption1, Spinner, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { base64Bytes, openPdf, type OpenPdf } from '../evidence/pdf-first-page';

const useStyles = makeStyles({
  root: {
    display: 'grid',
    gridTemplateColumns: '112px 1fr',
    gap: tokens.spacingHorizontalL,
    height: '780px',
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground3,
    overflow: 'hidden',
  },
  rail: {
    listStyle: 'none',
    margin: 0,
    padding: tokens.spacingVerticalM,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    overflowY: 'auto',
    borderRight: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  thumb: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalXXS,
    width: '100%',
    padding: tokens.spacingVerticalXS,
    border: '2px solid transparent',
    borderRadius: tokens.borderRadiusMedium,
    background: 'none',
    cursor: 'pointer',
    color: tokens.colorNeutralForeground2,
    fontFamily: 'inherit',
    ':hover': { backgroundColor: tokens.colorNeutralBackground2Hover },
    ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}` },
  },
  current: { border: `2px solid ${tokens.colorBrandStroke1}` },
  pane: {
    overflowY: 'auto',
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}`,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    gap: tokens.spacingVerticalL,
  },
  page: { display: 'flex', flexDirection: 'column', alignItems: 'center', gap: tokens.spacingVerticalXS },
  canvas: { boxShadow: tokens.shadow16, backgroundColor: '#fff' },
  thumbCanvas: { boxShadow: tokens.shadow4, backgroundColor: '#fff' },
  muted: { color: tokens.colorNeutralForeground3 },
  center: { display: 'flex', alignItems: 'center', justifyContent: 'center', height: '100%', gridColumn: '1 / -1' },
});

const PAGE_WIDTH = 640;
const THUMB_WIDTH = 80;

function PageCanvas(props: { pdf: OpenPdf; n: number; width: number; className: string; label?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [failed, setFailed] = useState(false);
  const { pdf, n, width } = props;
  useEffect(() => {
    let live = true;
    pdf.renderPage(n, canvas.current!, width).catch(() => live && setFailed(true));
    return () => {
      live = false;
    };
  }, [pdf, n, width]);
  if (failed) return <Caption1>Page {n} could not be drawn.</Caption1>;
  return (
    <canvas
      ref={canvas}
      className={props.className}
      role={props.label ? 'img' : undefined}
      aria-label={props.label}
      aria-hidden={props.label ? undefined : true}
      data-page={n}
    />
  );
}

// Every page of the statement PDF: thumbnails to jump with, and the pages one under another in a scroll pane.
export function StatementPreviewPane(props: { base64: string; label: string }) {
  const s = useStyles();
  const [pdf, setPdf] = useState<OpenPdf>();
  const [error, setError] = useState<string>();
  const [current, setCurrent] = useState(1);
  const pane = useRef<HTMLDivElement>(null);

  useEffect(() => {
    let opened: OpenPdf | undefined;
    let live = true;
    setError(undefined);
    openPdf(base64Bytes(props.base64))
      .then((p) => {
        opened = p;
        if (live) setPdf(p);
        else void p.close();
      })
      .catch((e: unknown) => live && setError((e as Error)?.message ?? 'unreadable'));
    return () => {
      live = false;
      setPdf(undefined);
      void opened?.close().catch(() => {});
    };
  }, [props.base64]);

  useEffect(() => {
    const root = pane.current;
    if (!root || !pdf) return;
    const io = new IntersectionObserver(
      (entries) => {
        const top = entries.filter((e) => e.isIntersecting).sort((a, b) => a.boundingClientRect.top - b.boundingClientRect.top)[0];
        if (top) setCurrent(Number((top.target as HTMLElement).dataset.pageFrame));
      },
      { root, threshold: 0.35 },
    );
    root.querySelectorAll('[data-page-frame]').forEach((el) => io.observe(el));
    return () => io.disconnect();
  }, [pdf]);

  if (error) return <Caption1 className={s.muted}>The preview could not be drawn ({error}).</Caption1>;
  if (!pdf)
    return (
      <div className={s.root}>
        <div className={s.center}>
          <Spinner size="small" label="Drawing the statement pages" />
        </div>
      </div>
    );
  const pages = Array.from({ length: pdf.pages }, (_, i) => i + 1);
  const go = (n: number) => {
    pane.current?.querySelector(`[data-page-frame="${n}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
    setCurrent(n);
  };
  return (
    <div className={s.root} data-testid="statement-preview">
      <ol className={s.rail} aria-label="Pages">
        {pages.map((n) => (
          <li key={n}>
            <button
              type="button"
              className={mergeClasses(s.thumb, n === current && s.current)}
              onClick={() => go(n)}
              aria-label={`Go to page ${n}`}
              aria-current={n === current ? 'page' : undefined}
            >
              <PageCanvas pdf={pdf} n={n} width={THUMB_WIDTH} className={s.thumbCanvas} />
              <Caption1>{n}</Caption1>
            </button>
          </li>
        ))}
      </ol>
      <div className={s.pane} ref={pane} tabIndex={0} aria-label={`${props.label}, ${pdf.pages} pages`} role="region">
        {pages.map((n) => (
          <div key={n} className={s.page} data-page-frame={n}>
            <PageCanvas pdf={pdf} n={n} width={PAGE_WIDTH} className={s.canvas} label={`${props.label}, page ${n} of ${pdf.pages}`} />
            <Caption1 className={s.muted}>
              Page {n} of {pdf.pages}
            </Caption1>
          </div>
        ))}
      </div>
    </div>
  );
}
