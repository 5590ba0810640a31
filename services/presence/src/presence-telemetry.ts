import { declareCounter, declareGauge } from '@sapa/platform';

/** What presence measures, per site (site ids only: no agent or visitor is named). */
export const presenceMetrics = {
  agentsOnline: declareGauge({
    name: 'sapa_presence_agents_online',
    help: "Agents whose status is online, per site (as of the site's last availability check).",
    labelNames: ['site'],
  }),
  agentsAvailable: declareGauge({
    name: 'sapa_presence_agents_available',
    help: 'Agents online, on duty and under their chat limit, per site.',
    labelNames: ['site'],
  }),
  insideHours: declareGauge({
    name: 'sapa_presence_site_open',
    help: '1 while the site is open (inside its business hours), else 0.',
    labelNames: ['site'],
  }),
  waitingChats: declareGauge({
    name: 'sapa_presence_waiting_chats',
    help: 'Chats waiting in line for an agent, per site.',
    labelNames: ['site'],
  }),
  slaBreaches: declareCounter({
    name: 'sapa_presence_sla_breaches_total',
    help: 'First-response SLA escalations fired, by level (agents, then supervisors).',
    labelNames: ['level'],
  }),
};
