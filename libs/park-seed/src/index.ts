export { seedSimulatedPark, seedCatalogue, type SeededPark } from './seed-park';
