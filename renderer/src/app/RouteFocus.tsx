import { useEffect, useRef } from 'react';
import { useLocation } from 'wouter';

// After moving to another page, focus goes to that page's heading so a screen reader announces where you
// are and the keyboard starts from the top of the new content, not from <body>. Moving within a page
// (another requirement in the checklist, another tab of a client) keeps focus where it is.

function pageKey(path: string): string {
  const p = path.split('/').filter(Boolean);
  if (p[0] === 'clients' && p[1] && p[1] !== 'new') {
    if (p[2] === 'assessments' && p[3])
      return ['clients', p[1], 'assessments', p[3], p[4] === 'sign-off' || p[4] === 'compare' ? p[4] : ''].join('/');
    return ['clients', p[1], p[2] === 'edit' ? 'edit' : ''].join('/');
  }
  return p.join('/');
}

export function RouteFocus() {
  const [location] = useLocation();
  const key = pageKey(location);
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    // Pages load their data first; wait (briefly) for the heading to appear.
    let tries = 0;
    const timer = window.setInterval(() => {
      const h = document.querySelector<HTMLElement>('#main h1');
      if (h || ++tries > 40) window.clearInterval(timer);
      if (!h) return;
      if (!h.hasAttribute('tabindex')) h.setAttribute('tabindex', '-1');
      h.focus({ preventScroll: false });
    }, 50);
    return () => window.clearInterval(timer);
  }, [key]);
  return null;
}
