import type { RouteReply } from "./rest-types.ts";

/** Discord's JSON error body: `{ message, code }`, plus `errors` for form validation. */
function apiError(status: number, code: number, message: string, errors?: unknown): RouteReply {
  return { status, body: errors === undefined ? { message, code } : { message, code, errors } };
}

/** 50035 with the error nested along `path`, as Discord nests it: `{ components: { "0": { … } } }`. */
function invalidFormBodyAt(path: readonly (string | number)[], code: string, message: string): RouteReply {
  const errors = path.reduceRight<unknown>((inner, key) => ({ [String(key)]: inner }), {
    _errors: [{ code, message }],
  });
  return apiError(400, 50035, "Invalid Form Body", errors);
}

/** The errors the fake answers with, worded and numbered as Discord does. */
export const discordErrors = {
  notFound: () => apiError(404, 0, "404: Not Found"),
  unauthorized: () => apiError(401, 0, "401: Unauthorized"),
  unknownApplication: () => apiError(404, 10002, "Unknown Application"),
  unknownChannel: () => apiError(404, 10003, "Unknown Channel"),
  unknownMessage: () => apiError(404, 10008, "Unknown Message"),
  unknownWebhook: () => apiError(404, 10015, "Unknown Webhook"),
  unknownInteraction: () => apiError(404, 10062, "Unknown interaction"),
  /** What a webhook call with an interaction token past its 15 minutes gets. */
  invalidWebhookToken: () => apiError(401, 50027, "Invalid Webhook Token"),
  tooLarge: () => apiError(413, 40005, "Request entity too large"),
  alreadyAcknowledged: () => apiError(400, 40060, "Interaction has already been acknowledged."),
  cannotEditOthers: () => apiError(403, 50005, "Cannot edit a message authored by another user"),
  emptyMessage: () => apiError(400, 50006, "Cannot send an empty message"),
  invalidJson: () => apiError(400, 50109, "The request body contains invalid JSON."),
  /** 50035 with Discord's nested `errors`: `{ field: { _errors: [{ code, message }] } }`. */
  invalidFormBody: (field: string, code: string, message: string) =>
    invalidFormBodyAt([field], code, message),
  /** 50035 about a nested field, e.g. `["components", 0, "components", 1, "custom_id"]`. */
  invalidFormBodyAt,
  internal: (message: string) => apiError(500, 0, `500: Internal Server Error (fake Discord: ${message})`),
};
