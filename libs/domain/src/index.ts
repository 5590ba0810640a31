// Pure domain rules shared by the services and the browser apps. Each rule lives in one module
// here and is imported by everyone who needs it: the chat service and the dashboard fold the
// same conversation summary, directory, presence and the dashboard check duty with the same
// rulebook. Nothing here performs I/O or touches Node APIs.
export {
  PREVIEW_LENGTH,
  summarizeConversation,
  type ConversationEventAt,
} from './conversation-summary.js';
export { identifyVisitor, type IdentityClaim, type VisitorIdentity } from './visitor-identity.js';
