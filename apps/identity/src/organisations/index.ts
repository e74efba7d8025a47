/** Organisations and their issuance policy: what other capabilities check a change against. */
export { enforcePolicy, type PolicySubject } from './issuance-policy';
export { OrganisationSchema, policyOf, userTokenTtlSeconds, type Organisation } from './organisation.entity';
export { OrganisationRepository } from './organisation.repository';
export { OrganisationsModule } from './organisations.module';
export { PolicyService } from './policy.service';
