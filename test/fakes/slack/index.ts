/**
 * A protocol-level fake Slack (Web API, upload URLs, Socket Mode, signed HTTP events, button clicks
 * and modals) for end-to-end tests that drive the real @slack/bolt App. Everything listens on
 * 127.0.0.1.
 */
export { startFakeSlack } from "./start-fake-slack.ts";
export { signSlackRequest } from "./signed-request.ts";
export { createCaptureLogger } from "./capture-logger.ts";
export type { CaptureLogger, CapturedLine } from "./capture-logger.ts";
export type {
  ClickAction,
  EnvelopeAck,
  FailReply,
  FakeMessage,
  FakeSlack,
  FakeSlackOptions,
  FakeView,
  InteractionAck,
  InteractivityUrl,
  RecordedCall,
  RecordedUpload,
  SendEventOptions,
  SharedFile,
  SignedRequest,
  SignedRequestOptions,
  SlashCommand,
  UploadFailure,
  ViewStateValues,
  ViewSubmission,
  WaitOptions,
} from "./types.ts";
