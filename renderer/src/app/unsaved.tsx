import { useEffect, useRef, useSyncExternalStore } from 'react';
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Spinner } from '@fluentui/react-components';
import { useHashLocation } from 'wouter/use-hash-location';

// Unsaved-changes protection, in one place. A form with unsaved edits registers a guard; every in-app
// navigation goes through the guarded location hook below and, while a guard is up, asks Save / Discard /
// Stay instead of leaving. Closing the window asks the same question: the beforeunload handler cancels the
// close (Electron keeps the window open when a page cancels its unload) and opens this dialog, whose
// Save and Discard then close the window themselves.

interface Guard {
  what: string;
  save: () => Promise<boolean>;
}
type Pending = { kind: 'navigate'; go: () => void } | { kind: 'close' };

const guards = new Set<{ current: Guard }>();
let pending: Pending | null = null;
let busy = false;
const listeners = new Set<() => void>();
const emit = () => listeners.forEach((l) => l());
const subscribe = (l: () => void) => (listeners.add(l), () => listeners.delete(l));
let snapshot: { pending: Pending | null; busy: boolean } = { pending, busy };
const setState = (p: Pending | null, b: boolean) => {
  pending = p;
  busy = b;
  snapshot = { pending, busy };
  emit();
};

function activeGuard(): Guard | undefined {
  return [...guards].at(-1)?.current;
}

/** Registers the form's unsaved changes while `dirty`; `save` resolves true when the changes were saved. */
export function useUnsavedChanges(dirty: boolean, what: string, save: () => Promise<boolean>) {
  const ref = useRef<Guard>({ what, save });
  ref.current = { what, save };
  useEffect(() => {
    if (!dirty) return;
    const entry = ref;
    guards.add(entry);
    return () => {
      guards.delete(entry);
    };
  }, [dirty]);
}

/** Lets the next navigation through without asking, for a form that has just saved and moves on. */
export function leaveWithoutAsking() {
  guards.clear();
}

function onBeforeUnload(e: BeforeUnloadEvent) {
  if (!activeGuard()) return;
  e.preventDefault();
  e.returnValue = '';
  setState({ kind: 'close' }, false);
}
if (typeof window !== 'undefined') window.addEventListener('beforeunload', onBeforeUnload);

/** wouter's hash location, with navigation held while a form has unsaved changes. */
export function useGuardedHashLocation(): ReturnType<typeof useHashLocation> {
  const [location, navigate] = useHashLocation();
  const guarded = ((to: string, options?: { replace?: boolean; state?: unknown }) => {
    const go = () => navigate(to, options);
    if (activeGuard() && `#${to}` !== window.location.hash) setState({ kind: 'navigate', go }, false);
    else go();
  }) as typeof navigate;
  return [location, guarded];
}

function proceed(p: Pending) {
  guards.clear();
  setState(null, false);
  if (p.kind === 'navigate') p.go();
  else window.close();
}

export function UnsavedChangesDialog() {
  const state = useSyncExternalStore(subscribe, () => snapshot);
  const p = state.pending;
  const guard = activeGuard();
  const save = async () => {
    if (!p || !guard) return;
    setState(p, true);
    const ok = await guard.save().catch(() => false);
    // A refused save leaves the form showing why; the person stays with it.
    if (ok) proceed(p);
    else setState(null, false);
  };
  return (
    <Dialog open={Boolean(p)} modalType="alert" onOpenChange={(_, d) => !d.open && setState(null, false)}>
      <DialogSurface aria-describedby="unsaved-body">
        <DialogBody>
          <DialogTitle>Save your changes?</DialogTitle>
          <DialogContent id="unsaved-body">
            {guard?.what ?? 'This form'} has changes that are not saved. {p?.kind === 'close' ? 'Closing' : 'Leaving'} now would lose them.
          </DialogContent>
          <DialogActions>
            <Button
              appearance="primary"
              onClick={() => void save()}
              disabled={state.busy}
              icon={state.busy ? <Spinner size="tiny" /> : undefined}
            >
              Save
            </Button>
            <Button onClick={() => p && proceed(p)} disabled={state.busy}>
              Discard changes
            </Button>
            <Button appearance="subtle" onClick={() => setState(null, false)} disabled={state.busy}>
              Stay
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
