// Danish morphology for the term index: dictionary-checked compound splitting and inflection.
export { baseForm, familySizes, headOf, isWordForm, MIN_COMPOUND_PART, splitCompound, type CompoundSplit } from './compound.js';
export { inflects, possibleBases } from './inflection.js';
export { parseHunspellStems, type Lexicon } from './lexicon.js';
