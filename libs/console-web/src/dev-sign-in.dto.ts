import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ROLES } from '@park/auth';

const PEOPLE = ROLES.filter((r) => r !== 'cluster-agent');

export class DevSignInDoc {
  @ApiProperty({ enum: PEOPLE, example: 'tenant-admin' }) role!: string;
  @ApiPropertyOptional({ example: 'demo-t01', description: 'tenant roles: a demo tenant (default: the first)' })
  tenantId?: string;
  @ApiPropertyOptional({ example: 'demo-gz-bdb', description: 'bureau-auditor: a demo bureau (default: the first)' })
  bureauId?: string;
}

class DemoPrincipalDoc {
  @ApiProperty() subject!: string;
  @ApiProperty({ enum: PEOPLE }) role!: string;
  @ApiProperty() name!: string;
  @ApiPropertyOptional() tenantId?: string;
  @ApiPropertyOptional() bureauId?: string;
}

export class DevSessionDoc {
  @ApiProperty({ description: 'bearer token signed with the local key' }) token!: string;
  @ApiProperty({ example: 28800 }) expiresInSeconds!: number;
  @ApiProperty({ type: DemoPrincipalDoc }) user!: DemoPrincipalDoc;
}

class NamedDoc {
  @ApiProperty() id!: string;
  @ApiProperty() name!: string;
}

export class DemoDirectoryDoc {
  @ApiProperty({ enum: PEOPLE, isArray: true }) roles!: string[];
  @ApiProperty({ type: [NamedDoc] }) tenants!: NamedDoc[];
  @ApiProperty({ type: [NamedDoc] }) bureaus!: NamedDoc[];
}

export const SIGN_IN_ROLES: readonly string[] = PEOPLE;
