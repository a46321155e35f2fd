// Fluent's arrow-key groups (navigation, tabs, tag lists) and focus traps insert empty <i> "dummy inputs"
// that take focus for an instant and pass it on. They are marked aria-hidden yet focusable, which the
// accessibility scan reports as aria-hidden-focus (serious). They hold no content, so screen readers have
// nothing to announce without the attribute; removing it keeps the keyboard behaviour and clears the scan.

const SELECTOR = 'i[data-tabster-dummy][aria-hidden], [data-is-focus-trap-zone-bumper][aria-hidden]';

function strip(root: ParentNode) {
  for (const el of root.querySelectorAll(SELECTOR)) el.removeAttribute('aria-hidden');
}

export function unhideFocusGuards(doc: Document = document): () => void {
  strip(doc);
  const observer = new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes' && r.target instanceof Element && r.target.matches(SELECTOR)) r.target.removeAttribute('aria-hidden');
      for (const n of r.addedNodes) {
        if (!(n instanceof Element)) continue;
        if (n.matches(SELECTOR)) n.removeAttribute('aria-hidden');
        else strip(n);
      }
    }
  });
  observer.observe(doc.documentElement, { subtree: true, childList: true, attributes: true, attributeFilter: ['aria-hidden'] });
  return () => observer.disconnect();
}
