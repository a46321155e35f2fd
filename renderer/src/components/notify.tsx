import { Link, Toast, ToastBody, ToastTitle, useToastController } from '@fluentui/react-components';
import { useCallback } from 'react';

export const TOASTER_ID = 'app-toaster';

export interface NotifyOptions {
  body?: string;
  intent?: 'success' | 'error' | 'warning' | 'info';
  // One action in the toast (e.g. Undo); the toast stays longer so there is time to reach it by keyboard.
  action?: { label: string; onClick: () => void };
}

export function useNotify() {
  const { dispatchToast, dismissToast } = useToastController(TOASTER_ID);
  return useCallback(
    (title: string, opts: NotifyOptions = {}) => {
      const toastId = `t-${Math.random().toString(36).slice(2)}`;
      const action = opts.action;
      dispatchToast(
        <Toast>
          <ToastTitle
            action={
              action && (
                <Link
                  onClick={() => {
                    dismissToast(toastId);
                    action.onClick();
                  }}
                >
                  {action.label}
                </Link>
              )
            }
          >
            {title}
          </ToastTitle>
          {opts.body && <ToastBody>{opts.body}</ToastBody>}
        </Toast>,
        { toastId, intent: opts.intent ?? 'success', timeout: action ? 15000 : opts.intent === 'error' ? 8000 : 4000 },
      );
    },
    [dispatchToast, dismissToast],
  );
}
