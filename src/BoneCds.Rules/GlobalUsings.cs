// The library's own namespaces, visible everywhere in it: each card family and reader is a small file, and a block of
// identical using lines at the top of each one says nothing.
global using BoneCds.Rules.Assessment;
global using BoneCds.Rules.Cards;
global using BoneCds.Rules.Cards.Contract;
global using BoneCds.Rules.Catalogue;
global using BoneCds.Rules.Classification;
global using BoneCds.Rules.Courses;
global using BoneCds.Rules.Fhir;
global using BoneCds.Rules.Inputs;
