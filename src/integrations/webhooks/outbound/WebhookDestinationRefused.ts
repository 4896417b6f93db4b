/** An endpoint URL the destination guard refuses at registration; the message says why and what to do. */
export class WebhookDestinationRefused extends Error {
  override readonly name = 'WebhookDestinationRefused';
}
