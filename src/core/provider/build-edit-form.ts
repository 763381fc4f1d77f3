import { Blob } from "node:buffer";
import { FormData } from "undici";
import { extensionFor } from "./images.ts";
import type { RequestFields } from "./request-fields.ts";
import type { ImageData } from "./types.ts";

/** The downloaded images an edit starts from. */
export interface EditImages {
  readonly image: ImageData;
  readonly mask?: ImageData;
}

/**
 * The multipart body of `POST /images/edits`: the images as files, the rest as text fields.
 * undici streams it part by part; it can be sent again on a retry.
 */
export function buildEditForm(fields: RequestFields, images: EditImages): FormData {
  const form = new FormData();
  // Named after their field and sniffed type, not the person's file name: the upstream reads
  // the type from the name's extension too, and needs nothing else from it.
  const appendFile = (field: string, { bytes, mimeType }: ImageData) =>
    form.append(field, new Blob([bytes], { type: mimeType }), `${field}.${extensionFor(mimeType)}`);
  appendFile("image", images.image);
  if (images.mask) appendFile("mask", images.mask);
  for (const [name, value] of Object.entries(fields)) {
    // A form cannot say `false`; leaving `stream` out asks for a plain JSON answer.
    if (value === undefined || value === false) continue;
    form.append(name, String(value));
  }
  return form;
}
