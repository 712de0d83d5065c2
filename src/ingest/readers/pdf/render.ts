/**
 * Renders a PDF page to a PNG for OCR, with the canvas pdf.js brings in Node (@napi-rs/canvas).
 */
import type { PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** What pdf.js's Node canvas factory hands out; its own typings only say `Object`. */
interface CanvasAndContext {
  canvas: { toBuffer(mime: 'image/png'): Uint8Array };
  context: unknown;
}
interface CanvasFactory {
  create(width: number, height: number): CanvasAndContext;
  destroy(canvasAndContext: CanvasAndContext): void;
}

/** The page as a PNG at `scale` times 72 dpi. */
export async function renderPagePng(
  page: PDFPageProxy,
  canvasFactory: object,
  scale: number,
): Promise<Uint8Array> {
  const factory = canvasFactory as CanvasFactory;
  const viewport = page.getViewport({ scale });
  const target = factory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
  try {
    await page.render({
      canvas: target.canvas as unknown as HTMLCanvasElement,
      canvasContext: target.context as CanvasRenderingContext2D,
      viewport,
    }).promise;
    return new Uint8Array(target.canvas.toBuffer('image/png'));
  } finally {
    factory.destroy(target);
  }
}
