import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261125000000Initial } from './Migration20261125000000Initial';
import { Migration20261125100000Workbench } from './Migration20261125100000Workbench';
import { Migration20261125200000GroupingControls } from './Migration20261125200000GroupingControls';
import { Migration20261125300000FingerprintIndex } from './Migration20261125300000FingerprintIndex';
import { Migration20261125400000RefuseFunction } from './Migration20261125400000RefuseFunction';
import { Migration20261202000000Outbox } from './Migration20261202000000Outbox';
import { Migration20261202100000Resolutions } from './Migration20261202100000Resolutions';
import { Migration20261202200000VendorAdmin } from './Migration20261202200000VendorAdmin';
import { Migration20261202210000VendorTickets } from './Migration20261202210000VendorTickets';
import { Migration20261202220000EmailDeliveries } from './Migration20261202220000EmailDeliveries';
import { Migration20261202230000Alerts } from './Migration20261202230000Alerts';
import { Migration20261202240000StabilityIndex } from './Migration20261202240000StabilityIndex';
import { Migration20261202250000GroupingUpgrade } from './Migration20261202250000GroupingUpgrade';
import { Migration20261203000000AlertCounters } from './Migration20261203000000AlertCounters';
import { Migration20261204000000MappingFiles } from './Migration20261204000000MappingFiles';

/** Every migration, in order. Add new ones at the end; never edit one that has shipped. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261125000000Initial', class: Migration20261125000000Initial },
  { name: 'Migration20261125100000Workbench', class: Migration20261125100000Workbench },
  { name: 'Migration20261125200000GroupingControls', class: Migration20261125200000GroupingControls },
  { name: 'Migration20261125300000FingerprintIndex', class: Migration20261125300000FingerprintIndex },
  { name: 'Migration20261125400000RefuseFunction', class: Migration20261125400000RefuseFunction },
  { name: 'Migration20261202000000Outbox', class: Migration20261202000000Outbox },
  { name: 'Migration20261202100000Resolutions', class: Migration20261202100000Resolutions },
  { name: 'Migration20261202200000VendorAdmin', class: Migration20261202200000VendorAdmin },
  { name: 'Migration20261202210000VendorTickets', class: Migration20261202210000VendorTickets },
  { name: 'Migration20261202220000EmailDeliveries', class: Migration20261202220000EmailDeliveries },
  { name: 'Migration20261202230000Alerts', class: Migration20261202230000Alerts },
  { name: 'Migration20261202240000StabilityIndex', class: Migration20261202240000StabilityIndex },
  { name: 'Migration20261202250000GroupingUpgrade', class: Migration20261202250000GroupingUpgrade },
  { name: 'Migration20261203000000AlertCounters', class: Migration20261203000000AlertCounters },
  { name: 'Migration20261204000000MappingFiles', class: Migration20261204000000MappingFiles },
];
