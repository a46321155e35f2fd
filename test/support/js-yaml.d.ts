// js-yaml (already in node_modules through ESLint) ships no types; the RFC 7208 suite test needs one call.
declare module 'js-yaml' {
  export function loadAll(text: string): unknown[];
}
