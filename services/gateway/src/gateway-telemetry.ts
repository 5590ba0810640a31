import { LATENCY_BUCKETS, declareCounter, declareGauge, declareHistogram } from '@sapa/platform';

/** What the gateway measures (docs/observability.md). */
export const gatewayMetrics = {
  socketsOpen: declareGauge({
    name: 'sapa_gateway_sockets_open',
    help: 'WebSocket connections open now, by kind (visitor or agent).',
    labelNames: ['kind'],
  }),
  framesReceived: declareCounter({
    name: 'sapa_gateway_frames_received_total',
    help: 'Frames received from clients, by frame type (invalid: refused before parsing).',
    labelNames: ['type'],
  }),
  framesSent: declareCounter({
    name: 'sapa_gateway_frames_sent_total',
    help: 'Frames sent to clients (acks, errors, events, signals).',
  }),
  frameErrors: declareCounter({
    name: 'sapa_gateway_frame_errors_total',
    help: 'Error frames sent in answer to a client frame, by error code.',
    labelNames: ['code'],
  }),
  ackDuration: declareHistogram({
    name: 'sapa_gateway_ack_duration_seconds',
    help: 'From a frame received to its ack sent, by frame type.',
    labelNames: ['type'],
    buckets: LATENCY_BUCKETS,
  }),
  slowReaderCloses: declareCounter({
    name: 'sapa_gateway_slow_reader_closes_total',
    help: 'Sockets closed because their send buffer passed the limit (a client too slow to read).',
  }),
};
