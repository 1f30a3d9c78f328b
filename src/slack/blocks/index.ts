/** The views' public surface: pure functions from plain data (./model) to Block Kit. */
export type { SlackMessage } from './blocks';
export * from '../../core/model';
export { LIMITS, assertWithinSlackLimits, truncate, type LimitViolation, type Surface } from './limits';
export { escapeMrkdwn, slackDate } from './format';
export { argumentErrorMessage, helpMessage } from './messages/help';
export { noticeMessage, type NoticeTone } from './messages/notice';
export { connectPromptMessage, statusMessage, type ConnectReason, type ConnectionStatus } from './messages/connection';
export { connectionAlertDismissedMessage, connectionAlertMessage } from './messages/connection-alert';
export {
  alreadyConnectedMessage,
  connectedConfirmationMessage,
  disconnectedMessage,
  sharedAccountStatusMessage,
  type ZoomAccountName,
} from './messages/zoom-account';
export { scheduleListMessage, copyUrlMessage, ambiguousScheduleMessage, type SchedulePurpose } from './messages/schedules';
export { singleUseLinkMessage, shareMessage, openSlotsLine } from './messages/links';
export { bookingLinkUnfurl } from './messages/unfurl';
export {
  BOT_HANDLE,
  notInChannelMessage,
  notInChannelSentence,
  scheduleCreatedMessage,
  scheduleNotCreatedMessage,
} from './messages/schedule-results';
export { eventsMessage } from './messages/events';
export { analyticsMessage } from './messages/analytics';
export {
  bookingCreatedMessage,
  bookingCancelledMessage,
  bookingCancelledThreadReply,
  bookingMovedMessage,
  bookingMovedThreadReply,
  type BookingNotice,
} from './messages/booking-notification';
export { digestMessage } from './messages/digest';
export { noShowAnsweredMessage, noShowPromptMessage, type NoShowQuestion } from './messages/no-show';
export {
  digestChannelByNameMessage,
  digestFailureMessage,
  digestOffMessage,
  digestScheduledMessage,
  digestSentNowMessage,
  type DigestFailureFix,
  type DigestScheduleInput,
} from './messages/digest-notices';
export { homeView, type HomeData, type HomeConnection } from './home';
export { newScheduleModal, type NewScheduleMetadata, type NewScheduleModalInput } from './modals/new-schedule';
export { availabilityModal, type AvailabilityMetadata } from './modals/availability';
export { shareScheduleModal, type ShareScheduleMetadata } from './modals/share-schedule';
export { bookingLinkModal, type BookingLinkDestination, type BookingLinkMetadata } from './modals/booking-link';
export { loadingModal, noticeModal } from './modals/simple';
export { encodeMetadata, decodeMetadata, metadataString, PrivateMetadataTooLargeError } from './modals/metadata';
export { parseNewScheduleForm } from './forms/new-schedule';
export { parseAvailabilityForm } from './forms/availability';
export type { FormResult, ViewStateValues } from './forms/state';
