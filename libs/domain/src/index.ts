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

// Duty: wall-clock time in a zone, business hours, the roster with its swaps, the rulebook.
export {
  WEEKDAYS,
  addDays,
  fromLocal,
  isTimeZone,
  offsetAt,
  parseClock,
  toLocal,
  weekdayOf,
  type LocalTime,
} from './duty/zoned-time.js';
export {
  DAY_MINUTES,
  isOpenAt,
  nextClosing,
  nextOpening,
  openIntervals,
  type BusinessHours,
  type OpenInterval,
  type OpeningHours,
} from './duty/business-hours.js';
export {
  agentsOn,
  hasShiftOn,
  onDutyAt,
  rosterOf,
  type Roster,
  type RosterSwap,
} from './duty/roster.js';
export {
  DUTY_LIMITS,
  blockProblems,
  dutyProblems,
  hoursProblems,
  isLocalDate,
  swapProblems,
  type DutyRulesInput,
} from './duty/duty.rules.js';
