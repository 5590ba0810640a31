/** services/chat exposes nothing to other packages: it is reached only over NATS. */
export {};
