import { Injectable } from '@nestjs/common';
import { AuditStore, SYSTEM_ACTOR, type AuditActor } from '@park/audit-store';
import { AlreadyExists, NotFound } from '../errors/billing.errors';
import { ParkRepository, type ParkRow } from '../repositories/park.repository';
import { ID, InputCheck } from './input.validation';

export interface ParkInput {
  id: string;
  name: string;
}

/** Parks are registered by the operator-admin; a park id nobody registered is refused wherever it is used. */
@Injectable()
export class ParkService {
  constructor(
    private readonly repo: ParkRepository,
    private readonly audit: AuditStore,
  ) {}

  list(): Promise<ParkRow[]> {
    return this.repo.list();
  }

  async get(parkId: string): Promise<ParkRow> {
    const park = await this.repo.find(parkId);
    if (!park) throw new NotFound('park', parkId);
    return park;
  }

  /** Whether the park is registered (for inputs that name one: a 400 there, a 404 on the park's own routes). */
  async exists(parkId: string): Promise<boolean> {
    return (await this.repo.find(parkId)) !== null;
  }

  async create(input: ParkInput, actor: AuditActor = SYSTEM_ACTOR): Promise<ParkRow> {
    const check = new InputCheck('park');
    check.string(input?.id, 'id', ID);
    check.string(input?.name, 'name');
    check.done();
    if (await this.repo.find(input.id)) throw new AlreadyExists('park', input.id);
    const park = await this.repo.create({ id: input.id, name: input.name.trim() });
    const after = { id: park.id, name: park.name };
    await this.audit.record({ actor, action: 'park.create', entityType: 'park', entityId: park.id, after });
    return park;
  }
}
