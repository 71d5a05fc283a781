import { defineModule } from '../app/module';
import { byId } from '../graphql/loaders';
import { AuthTopics } from './auth.events';
import { User } from './user.entity';
import { UserResolver } from './user.resolver';

/** Identities: users and their tokens (devices' tokens are the devices module's), principals, revocation. */
export const authModule = defineModule({
  name: 'auth',
  entities: [User],
  resolvers: [UserResolver],
  loaders: (em) => ({ user: byId(em, User) }),
  topics: AuthTopics,
});
