export { seedSimulatedPark, seedCatalogue, registerPark, type SeededPark } from './seed-park';
