import { z } from 'zod';
import type { EInvoicingData, PeppolParticipant } from '../data/SandboxData.js';

/** Every sandbox participant takes Peppol BIS Billing 3.0 invoices and credit notes. */
const DOCUMENT_TYPES = [
  { scheme: 'busdox-docid-qns', value: 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2::Invoice##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1' },
  { scheme: 'busdox-docid-qns', value: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2::CreditNote##urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0::2.1' },
] as const;
/** The Peppol Directory answers one page of matches. */
const PAGE_SIZE = 20;

/** The registered participant with this Peppol id (`<scheme>:<identifier>`, compared without case), if any. */
export function findParticipant(participants: EInvoicingData['participants'], peppolId: string): PeppolParticipant | undefined {
  return participants.get(peppolId.toLowerCase());
}

/**
 * `GET /api/lookup/participants`: a query that is a Peppol id (or its identifier alone) finds that
 * participant; anything else is looked for in the names, ignoring case.
 */
export function lookupParticipants(participants: EInvoicingData['participants'], query: string, countryCode: string | undefined, nowMs: number) {
  const term = query.trim().toLowerCase();
  const matches = participants.all().filter((participant) => {
    const id = participant.peppolId.toLowerCase();
    const found = id === term || id.slice(id.indexOf(':') + 1) === term || participant.name.toLowerCase().includes(term);
    return found && (countryCode === undefined || participant.countryCode === countryCode.toUpperCase());
  });
  const page = matches.slice(0, PAGE_SIZE);
  return {
    query_terms: query,
    search_date: new Date(nowMs).toISOString(),
    total_count: matches.length,
    used_count: page.length,
    // Split as the API's send parameters are (`receiver_peppol_scheme` 0208, `receiver_peppol_id` 0123456749).
    participants: page.map((participant) => ({
      peppol_id: participant.peppolId.slice(participant.peppolId.indexOf(':') + 1),
      peppol_scheme: participant.peppolId.slice(0, participant.peppolId.indexOf(':')),
      document_types: DOCUMENT_TYPES,
      entities: [{ name: participant.name, country_code: participant.countryCode }],
    })),
  };
}

/** `POST /_control/participants`: register a participant (or change one), mark it as rejecting, or take it off the network. */
export const participantInputSchema = z.strictObject({
  peppolId: z.string().regex(/^[0-9]{4}:\S+$/, 'peppolId must be "<scheme>:<identifier>", e.g. "0208:0123456749"'),
  name: z.string().min(1).optional(),
  countryCode: z.string().regex(/^[A-Z]{2}$/, 'countryCode must be an ISO 3166-1 alpha-2 code').optional(),
  registered: z.boolean().default(true),
  rejects: z.boolean().optional(),
});

export type ParticipantChange = { ok: true; participant: PeppolParticipant | null } | { ok: false; error: string };

/** Applies a control input; a new participant needs a name and a country, a known one keeps what the input leaves out. */
export function changeParticipant(participants: EInvoicingData['participants'], input: z.output<typeof participantInputSchema>): ParticipantChange {
  const existing = findParticipant(participants, input.peppolId);
  if (!input.registered) {
    participants.delete(input.peppolId.toLowerCase());
    return { ok: true, participant: null };
  }
  const name = input.name ?? existing?.name;
  const countryCode = input.countryCode ?? existing?.countryCode;
  if (name === undefined || countryCode === undefined) return { ok: false, error: `${input.peppolId} is not registered yet: give its name and countryCode.` };
  const participant = { peppolId: existing?.peppolId ?? input.peppolId, name, countryCode, rejects: input.rejects ?? existing?.rejects ?? false };
  return { ok: true, participant: participants.put(participant) };
}
