package io.rolemarket.imagebot.core;

final class Placeholder {}
