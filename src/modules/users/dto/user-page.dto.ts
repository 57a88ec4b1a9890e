import { UserDto } from './user.dto.js';
import { PageOf } from '../../../common/dto/page.dto.js';

export class UserPageDto extends PageOf(UserDto) {}
