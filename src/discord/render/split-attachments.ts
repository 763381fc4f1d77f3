/** A file ready to attach. */
export interface NamedFile {
  readonly name: string;
  readonly data: Buffer;
}

/** Discord takes at most this many attachments on one message. */
const maxFilesPerMessage = 10;

/**
 * Packs files into as few messages as fit the upload cap (greedy, in order). A file over the cap
 * on its own can't be posted at all; it is returned apart so the person can be told. (There is
 * no image re-encoder in the bot to shrink it.)
 */
export function splitAttachments(files: readonly NamedFile[], capBytes: number) {
  const groups: NamedFile[][] = [];
  const tooLarge: NamedFile[] = [];
  let current: NamedFile[] = [];
  let size = 0;
  for (const file of files) {
    if (file.data.length > capBytes) {
      tooLarge.push(file);
      continue;
    }
    if (current.length > 0 && (size + file.data.length > capBytes || current.length === maxFilesPerMessage)) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(file);
    size += file.data.length;
  }
  if (current.length > 0) groups.push(current);
  return { groups, tooLarge };
}
