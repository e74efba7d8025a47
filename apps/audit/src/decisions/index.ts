export { DecisionsModule } from './decisions.module';
export { explainDenial, sentenceFor, type StoredDenial } from './decision-explanation';
