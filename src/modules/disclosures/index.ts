// Public surface of the proactive-disclosure module.
export { GENRES, VALIDITIES, DISCLOSURE_STATES, publiclyVisible, type Genre, type Validity, type DisclosureState } from './disclosures.table.ts';
