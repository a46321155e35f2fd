// File sizes in words, the same on every screen, in the CLI, the PDFs and the messages (1024-based, as file
// managers show them): "532 bytes", "2 KB", "1.5 MB", "2 GB".
const oneDecimal = (n: number) => (Number.isInteger(n) ? String(n) : n.toFixed(1));

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${oneDecimal(n / 1024 ** 3)} GB`;
  if (n >= 1024 ** 2) return `${oneDecimal(n / 1024 ** 2)} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}
