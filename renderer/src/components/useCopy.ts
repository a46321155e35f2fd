import { useCallback } from 'react';
import { useNotify } from './notify';

// Copies text and says so; a refused clipboard (permissions, an unfocused window) is reported, not swallowed.
export function useCopy() {
  const notify = useNotify();
  return useCallback(
    async (text: string, what: string) => {
      try {
        await navigator.clipboard.writeText(text);
        notify(`Copied ${what}`);
      } catch {
        notify(`Could not copy ${what}`, {
          body: 'The clipboard was not available. Select the text and copy it instead.',
          intent: 'error',
        });
      }
    },
    [notify],
  );
}
