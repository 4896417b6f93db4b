/** CRM domain objects, independent of HubSpot's property names. */
export interface CrmContact {
  readonly id: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly phone: string | null;
  readonly lifecycleStage: string | null;
  readonly ownerId: string | null;
}

export interface CrmCompany {
  readonly id: string;
  readonly name: string | null;
  readonly domain: string | null;
  readonly industry: string | null;
  readonly city: string | null;
}

export interface CrmOwner {
  readonly id: string;
  readonly email: string | null;
  readonly firstName: string | null;
  readonly lastName: string | null;
}
