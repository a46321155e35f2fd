import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { Button, Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { Eraser20Regular } from '@fluentui/react-icons';
import SignatureCanvas, { type PointGroup } from 'signature_pad';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  surface: {
    position: 'relative',
    height: '150px',
    border: `1px solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground1,
    ':focus-within': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '1px' },
  },
  invalid: { border: `1px solid ${tokens.colorPaletteRedBorder2}` },
  canvas: { display: 'block', width: '100%', height: '100%', touchAction: 'none', cursor: 'crosshair', outline: 'none' },
  line: {
    position: 'absolute',
    left: tokens.spacingHorizontalL,
    right: tokens.spacingHorizontalL,
    bottom: '34px',
    borderBottom: `1px dashed ${tokens.colorNeutralStroke1}`,
    pointerEvents: 'none',
  },
  placeholder: {
    position: 'absolute',
    left: tokens.spacingHorizontalL,
    bottom: tokens.spacingVerticalS,
    color: tokens.colorNeutralForeground4,
    pointerEvents: 'none',
  },
  bar: { display: 'flex', justifyContent: 'space-between', alignItems: 'center', gap: tokens.spacingHorizontalS },
  hint: { color: tokens.colorNeutralForeground3 },
});

const INK = '#1b2a4a';
// Less ink than this (in CSS pixels of stroke) is a click or a slip, not a signature.
const MIN_INK = 40;

// A drawing surface for a handwritten signature. The strokes are signature_pad's (pointer events for mouse,
// pen and touch; variable-width Bézier ink); around it we keep the sizing for high-DPI screens, the minimum
// amount of ink, keyboard clearing and the accessible names. The drawing is reported as a transparent PNG
// (base64) after each stroke; Delete or Backspace on the focused pad, or the Clear button, starts again.
// People who cannot or would rather not draw use "Type instead" next to it.
export function SignaturePad(props: { label: string; onChange: (pngBase64: string | undefined) => void; invalid?: boolean }) {
  const s = useStyles();
  const hintId = useId();
  const canvas = useRef<HTMLCanvasElement>(null);
  const pad = useRef<SignatureCanvas | null>(null);
  const [hasInk, setHasInk] = useState(false);
  const onChange = useRef(props.onChange);
  onChange.current = props.onChange;

  const emit = useCallback(() => {
    const p = pad.current;
    if (!p || !canvas.current) return;
    setHasInk(!p.isEmpty());
    if (inkLength(p.toData()) < MIN_INK) return onChange.current(undefined);
    onChange.current(canvas.current.toDataURL('image/png').replace(/^data:image\/png;base64,/, ''));
  }, []);

  useEffect(() => {
    const c = canvas.current;
    if (!c) return;
    const p = new SignatureCanvas(c, { penColor: INK, minWidth: 1, maxWidth: 2.8 });
    pad.current = p;
    p.addEventListener('beginStroke', () => setHasInk(true));
    p.addEventListener('endStroke', emit);
    // The canvas's pixel size follows its CSS size and the screen's density; the strokes survive a resize.
    const fit = () => {
      const dpr = Math.min(window.devicePixelRatio || 1, 2);
      const { width, height } = c.getBoundingClientRect();
      if (c.width === Math.round(width * dpr) && c.height === Math.round(height * dpr)) return;
      const data = p.toData();
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
      c.getContext('2d')?.scale(dpr, dpr);
      p.clear();
      p.fromData(data);
    };
    fit();
    const ro = new ResizeObserver(fit);
    ro.observe(c);
    return () => {
      ro.disconnect();
      p.off();
      pad.current = null;
    };
  }, [emit]);

  const clear = () => {
    pad.current?.clear();
    setHasInk(false);
    onChange.current(undefined);
  };

  return (
    <div className={s.root}>
      <div className={mergeClasses(s.surface, props.invalid && s.invalid)}>
        <canvas
          ref={canvas}
          className={s.canvas}
          tabIndex={0}
          role="img"
          aria-label={props.label}
          aria-describedby={hintId}
          onKeyDown={(e) => {
            if (e.key === 'Delete' || e.key === 'Backspace') {
              e.preventDefault();
              clear();
            }
          }}
        />
        <span className={s.line} aria-hidden />
        {!hasInk && (
          <Caption1 className={s.placeholder} aria-hidden>
            Sign here
          </Caption1>
        )}
      </div>
      <div className={s.bar}>
        <Caption1 id={hintId} className={s.hint}>
          Draw with a mouse, pen or finger. Delete clears.
        </Caption1>
        <Button size="small" appearance="subtle" icon={<Eraser20Regular />} onClick={clear} disabled={!hasInk}>
          Clear
        </Button>
      </div>
    </div>
  );
}

function inkLength(groups: PointGroup[]): number {
  let sum = 0;
  for (const g of groups)
    for (let i = 1; i < g.points.length; i++) sum += Math.hypot(g.points[i]!.x - g.points[i - 1]!.x, g.points[i]!.y - g.points[i - 1]!.y);
  return sum;
}
