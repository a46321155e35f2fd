import type { RpcResult } from '../../../shared/contract';
import type { Bridge, UploadResult } from '../../../shared/contract/bridge';

// Web mode (`npm run web`): the session cookie set by the launch link authenticates every request.
export function createHttpBridge(): Bridge<File> {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;

  const connect = () => {
    if (source) return;
    source = new EventSource('./rpc/events');
    source.onerror = () => {
      // EventSource reconnects on its own; nothing to do but let it.
    };
  };

  const failure = (message: string): RpcResult<never> => ({ ok: false, error: { code: 'unavailable', message } });

  return {
    host: 'web',
    async invoke(channel, input) {
      try {
        const res = await fetch(`./rpc/${encodeURIComponent(channel)}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify(input ?? {}),
          credentials: 'same-origin',
        });
        if (res.status === 401)
          return failure('This browser tab is not signed in to the workbench. Open the link printed by `npm run web`.');
        return (await res.json()) as RpcResult;
      } catch {
        return failure('The workbench server is not reachable. Is `npm run web` still running?');
      }
    },
    on(event, listener) {
      connect();
      let set = listeners.get(event);
      if (!set) {
        set = new Set();
        listeners.set(event, set);
        source!.addEventListener(event, (e) => {
          const payload = JSON.parse((e as MessageEvent<string>).data);
          for (const l of listeners.get(event) ?? []) l(payload);
        });
      }
      set.add(listener);
      return () => set!.delete(listener);
    },
    uploadFile(file, onProgress) {
      // XMLHttpRequest rather than fetch: it reports upload progress for large evidence files.
      return new Promise((resolve) => {
        const xhr = new XMLHttpRequest();
        xhr.open('POST', './upload');
        xhr.setRequestHeader('X-File-Name', encodeURIComponent(file.name));
        xhr.upload.onprogress = (e) => onProgress?.(e.loaded, e.total);
        xhr.onload = () => {
          try {
            resolve(JSON.parse(xhr.responseText) as RpcResult<UploadResult>);
          } catch {
            resolve(failure(`Upload failed (${xhr.status}).`));
          }
        };
        xhr.onerror = () => resolve(failure('Upload failed: the server is not reachable.'));
        xhr.send(file);
      });
    },
    async saveDownload(ref) {
      const a = document.createElement('a');
      a.href = `./download/${encodeURIComponent(ref.downloadId)}`;
      a.download = ref.fileName;
      document.body.appendChild(a);
      a.click();
      a.remove();
      return { ok: true, value: { saved: true } };
    },
    async openExternal(url) {
      if (!/^https:\/\//i.test(url)) return;
      window.open(url, '_blank', 'noopener,noreferrer');
    },
  } satisfies Bridge<File>;
}
