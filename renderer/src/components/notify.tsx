import { Toast, ToastBody, ToastTitle, useToastController } from '@fluentui/react-components';
import { useCallback } from 'react';

export const TOASTER_ID = 'app-toaster';

export function useNotify() {
  const { dispatchToast } = useToastController(TOASTER_ID);
  return useCallback(
    (title: string, opts: { body?: string; intent?: 'success' | 'error' | 'warning' | 'info' } = {}) =>
      dispatchToast(
        <Toast>
          <ToastTitle>{title}</ToastTitle>
          {opts.body && <ToastBody>{opts.body}</ToastBody>}
        </Toast>,
        { intent: opts.intent ?? 'success', timeout: opts.intent === 'error' ? 8000 : 4000 },
      ),
    [dispatchToast],
  );
}
