// Vite's `?url` imports: the bundled asset's URL (used for the PDF.js worker, served from 'self').
declare module '*?url' {
  const url: string;
  export default url;
}
