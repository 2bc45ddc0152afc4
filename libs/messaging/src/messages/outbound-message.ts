/** One message for a topic, ready for the producer: key, JSON value and string headers. */
export interface OutboundMessage {
  topic: string;
  key: string;
  /** The value as a JSON object; the publisher serialises it. */
  value: Record<string, unknown>;
  headers: Record<string, string>;
}
