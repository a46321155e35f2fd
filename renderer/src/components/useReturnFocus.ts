import { useLayoutEffect, useRef } from 'react';

// Fluent's OverlayDrawer does not give focus back when it closes, so it fell to <body>. A drawer calls
// this with its `open` state: the element focused when it opened (the trigger) gets focus back on close.
export function useReturnFocus(open: boolean) {
  const from = useRef<HTMLElement | null>(null);
  useLayoutEffect(() => {
    if (open) {
      const active = document.activeElement as HTMLElement | null;
      if (active && active !== document.body && !active.closest('[role="dialog"]')) from.current = active;
      return;
    }
    const el = from.current;
    from.current = null;
    // After the drawer's own close handling, which may move focus itself.
    if (el) window.setTimeout(() => el.isConnected && document.activeElement !== el && el.focus(), 0);
  }, [open]);
}
