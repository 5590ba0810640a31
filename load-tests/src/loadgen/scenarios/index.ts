import type { LoadScenarioName } from '../plan.js';
import type { WorkerContext } from '../worker-context.js';
import { centrifugo } from './centrifugo.scenario.js';
import { chat } from './chat.scenario.js';
import { churn } from './churn.scenario.js';
import { fanout } from './fanout.scenario.js';
import { idle } from './idle.scenario.js';
import { socketio } from './socketio.scenario.js';
import { soak } from './soak.scenario.js';

/** Each scenario's part in one worker thread; it resolves when that part is done. */
export const SCENARIOS: Readonly<Record<LoadScenarioName, (ctx: WorkerContext) => Promise<void>>> =
  {
    idle,
    chat,
    churn,
    fanout,
    soak,
    socketio,
    centrifugo,
  };
