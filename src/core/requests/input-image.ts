/** An image a person gave the bot to edit, as their platform serves it. */
export interface InputImage {
  /** Where the platform serves the file (Discord's CDN, Slack's `url_private`). */
  readonly url: string;
  /** The file's name as the person sees it, for "edited from …". */
  readonly name: string;
  /** The size the platform reports, checked before anything is downloaded. */
  readonly declaredBytes?: number;
}

/** What an edit starts from: the image to change, and optionally a mask of where to change it. */
export interface EditInputs {
  readonly image: InputImage;
  readonly mask?: InputImage;
}

/**
 * How the bot may download a platform's files: the hosts it serves them from (nothing else is
 * fetched) and the headers a download needs (Slack's bot token). Given by the adapter with each
 * request; never written to the store or a log.
 */
export interface InputImageAccess {
  readonly hosts: readonly string[];
  readonly headers?: Readonly<Record<string, string>>;
}
