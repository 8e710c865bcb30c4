global using BoneCds.Rules.Assessment;
global using BoneCds.Rules.Cards;
global using BoneCds.Rules.Cards.Contract;
global using BoneCds.Rules.Catalogue;
global using BoneCds.Rules.Classification;
global using BoneCds.Rules.Fhir;
global using BoneCds.Rules.Inputs;
