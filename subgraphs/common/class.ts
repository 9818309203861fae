/** A class as a value: TypeORM entities and migrations, type-graphql resolvers and types. */
export type Class = abstract new (...args: never[]) => unknown;
