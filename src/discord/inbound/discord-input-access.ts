import type { InputImageAccess } from "../../core/requests/input-image.ts";

/**
 * Where Discord serves the files people post, and so the only hosts an edit's input is fetched
 * from. Attachment URLs need no credentials: they are signed in their query string.
 */
export const discordInputAccess: InputImageAccess = {
  hosts: ["cdn.discordapp.com", "media.discordapp.net"],
};
