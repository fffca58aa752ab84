/** Saving files the page made (an exported model) to the person's downloads. */

/** How long an object URL lives after its download starts (revoking at once can cancel it). */
export const OBJECT_URL_LIFETIME_MS = 10_000;

/**
 * Downloads each file through an object URL and a clicked `<a download>`, as TF.js'
 * `downloads://` does, then revokes the URLs. Browsers may ask once before a page downloads
 * several files.
 */
export function downloadFiles(
  files: readonly { name: string; bytes: ArrayBuffer; type?: string }[],
  doc: Document = document,
): void {
  const urls: string[] = [];
  for (const file of files) {
    const url = URL.createObjectURL(
      new Blob([file.bytes], { type: file.type ?? 'application/octet-stream' }),
    );
    urls.push(url);
    const link = doc.createElement('a');
    link.href = url;
    link.download = file.name;
    link.hidden = true;
    doc.body.append(link);
    link.click();
    link.remove();
  }
  setTimeout(() => urls.forEach((url) => URL.revokeObjectURL(url)), OBJECT_URL_LIFETIME_MS);
}
